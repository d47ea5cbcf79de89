// Selecting a passage of the article text prefills the "make a claim" form with its offsets.
// Without JavaScript the editor chooses a sentence from the list instead.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var form = document.getElementById("new-claim-form");
  if (!text || !form) return;
  var start = form.querySelector("[name=span_start]");
  var end = form.querySelector("[name=span_end]");
  var sentence = form.querySelector("[name=sentence]");
  var note = document.getElementById("selection-note");
  var preview = document.getElementById("selection-preview");

  // Offsets in code points, as Python counts them (JavaScript counts UTF-16 units).
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    var chosen = range.toString();
    if (!chosen.trim()) return;
    start.value = offsetOf(range.startContainer, range.startOffset);
    end.value = offsetOf(range.endContainer, range.endOffset);
    sentence.value = "";
    preview.textContent = chosen.length > 200 ? chosen.slice(0, 197) + "…" : chosen;
    note.hidden = false;
  });

  sentence.addEventListener("change", function () {
    start.value = "";
    end.value = "";
    note.hidden = true;
  });
})();
