"""Reading a convention document: from a text, PDF or Word file to what it says.

- ``documents`` the file into numbered lines, with its layout (pages, columns, lists, tables);
- ``normalise`` clean and fold text in one place, with a map back to the document's characters;
- ``values``    the one parser of amounts and of dates;
- ``extract``   understand the lines with a language profile (``profiles/``), by several cues
                at once, reporting what it could not read (``messages``).

Nothing here knows RDF: ``cssgraph.build`` turns what was read into the convention's graph.
"""
