"""The cssgraph ontology's terms (ontology/*.ttl), written by scripts/vocabulary.py: do not
edit. A misspelt term is an AttributeError where it is used, never a new IRI in the data.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class CSSG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/cssgraph/ontology#")
    _fail = True

    # classes
    ActivitySector: URIRef  # activity sector
    Addition: URIRef  # addition
    Allocation: URIRef  # allocation
    Change: URIRef  # change
    ChangeSet: URIRef  # change set
    Convention: URIRef  # convention
    CouncilDecision: URIRef  # council decision
    ExpectedResult: URIRef  # expected result
    GeneralObjective: URIRef  # general objective
    Indicator: URIRef  # indicator
    Move: URIRef  # move
    MunicipalCouncil: URIRef  # municipal council
    Municipality: URIRef  # municipality
    Objective: URIRef  # objective
    OperationalObjective: URIRef  # operational objective
    Provision: URIRef  # general provision
    Removal: URIRef  # removal
    Representation: URIRef  # representation
    Rewording: URIRef  # rewording
    RoyalDecree: URIRef  # royal decree
    Section: URIRef  # section
    Signatory: URIRef  # signatory
    Signing: URIRef  # signing
    StrategicObjective: URIRef  # strategic objective
    SubAction: URIRef  # sub-action
    ValueChange: URIRef  # value change

    # object properties
    actingPerson: URIRef  # acting person
    after: URIRef  # after
    allocation: URIRef  # grants allocation
    alternativeTo: URIRef  # alternative to
    appliedAlternative: URIRef  # applied alternative
    before: URIRef  # before
    changedProperty: URIRef  # changed property
    conventionType: URIRef  # convention type
    councilDecision: URIRef  # acts under council decision
    hasChange: URIRef  # has change
    hasExpectedResult: URIRef  # has expected result
    hasGeneralObjective: URIRef  # has general objective
    hasOperationalObjective: URIRef  # has operational objective
    hasProvision: URIRef  # has general provision
    hasStrategicObjective: URIRef  # has strategic objective
    hasSubAction: URIRef  # has sub-action
    imposes: URIRef  # imposes
    indicator: URIRef  # indicator measured
    involves: URIRef  # involves
    involvesOwnPoliceZone: URIRef  # involves its own police zone
    measures: URIRef  # measures
    municipalityParty: URIRef  # municipality party
    newVersion: URIRef  # new version
    oldVersion: URIRef  # old version
    party: URIRef  # party
    policeZone: URIRef  # police zone
    recipient: URIRef  # recipient
    reportingStatus: URIRef  # reporting status
    reportsOn: URIRef  # reports on
    representation: URIRef  # has representation
    representedBy: URIRef  # represented by
    representedParty: URIRef  # represented party
    sectionKind: URIRef  # section kind
    sectorTheme: URIRef  # sector theme
    signing: URIRef  # has signing
    signsFor: URIRef  # signs for
    stateParty: URIRef  # State party
    wording: URIRef  # wording

    # datatype properties
    capacity: URIRef  # capacity
    condition: URIRef  # condition
    copiesReceivedPerParty: URIRef  # copies received per party
    designation: URIRef  # designation
    indicatorValue: URIRef  # indicator value
    linesNotUnderstood: URIRef  # lines not understood
    nisCode: URIRef  # NIS code
    numberOfCopies: URIRef  # number of copies
    position: URIRef  # position
    referenceYear: URIRef  # reference year
    signatureDate: URIRef  # signature date
    unitOfMeasure: URIRef  # unit of measure
    valueAfter: URIRef  # value after
    valueBefore: URIRef  # value before

    # concept schemes
    ConventionTypes: URIRef  # convention types
    DutyActions: URIRef  # duty actions
    ReportingStatuses: URIRef  # reporting statuses
    Roles: URIRef  # roles
    SectionKinds: URIRef  # section kinds
    SectorThemes: URIRef  # activity sector themes

    # concepts
    allowControl: URIRef  # allow control
    assistControl: URIRef  # assist the control
    baseAllocationSection: URIRef  # security and society contract allocation
    crimeNuisanceInsecurity: URIRef  # crime, nuisance and feeling of insecurity
    directorGeneral: URIRef  # director-general
    fireSafety: URIRef  # fire and CO safety
    informOnRequest: URIRef  # inform on request
    mayor: URIRef  # mayor
    ministerOfTheInterior: URIRef  # Minister of the Interior
    notApplicable: URIRef  # not applicable
    notAvailable: URIRef  # not available
    policeZoneContribution: URIRef  # contribution to the police zone
    radicalisationGrantSection: URIRef  # radicalisation grant
    radicalisationPrevention: URIRef  # prevention of violent radicalisation
    reported: URIRef  # reported
    securityAndSocietyContract: URIRef  # security and society contract
    strategicSecurityPreventionPlan: URIRef  # strategic security and prevention plan
    useSubsidyEfficiently: URIRef  # use the subsidy efficiently

    # other terms
    IndicatorValuesStructure: URIRef  # structure of indicator values


class _Strings:
    """The same terms as plain strings, for code that works with pyoxigraph (whose IRIs are
    strings: an rdflib URIRef never equals a str, nor hashes like one). Misspelt, an error too."""

    def __getattr__(self, name: str) -> str:
        return str(getattr(CSSG, name))

    __getitem__ = __getattr__


cssg = _Strings()
