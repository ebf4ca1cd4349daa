// The query page's editor: YASQE over the form's textarea, which stays the form's field (and
// the whole editor where scripts do not run). No network of its own: the form sends the query.
(function () {
  const textarea = document.getElementById("query");
  const form = document.getElementById("query-form");
  const examples = document.getElementById("examples");
  const Editor = window.Yasqe && (window.Yasqe.default || window.Yasqe);
  if (!textarea || !form || typeof Editor !== "function") return;
  const holder = document.createElement("div");
  holder.className = "editor";
  textarea.insertAdjacentElement("afterend", holder);
  const editor = new Editor(holder, {
    value: textarea.value,
    autocompleters: [],
    showQueryButton: false,
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: null,
    resizeable: true,
    editorHeight: "24rem",
  });
  textarea.hidden = true;
  // The scrolled text can be reached from the keyboard (WCAG 2.1.1), the typed text is named.
  const scroller = holder.querySelector(".CodeMirror-scroll");
  if (scroller) scroller.setAttribute("tabindex", "0");
  const input = holder.querySelector("textarea");
  if (input) input.setAttribute("aria-labelledby", "query-label");
  form.addEventListener("submit", () => { textarea.value = editor.getValue(); });
  if (examples) examples.addEventListener("change", () => editor.setValue(examples.value));
})();
