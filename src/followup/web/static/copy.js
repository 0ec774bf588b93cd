// Copy buttons: <button class="copy" data-copy="ID" [data-format="html"]> copies the text
// of element ID (a field's value, or an element's text, or its HTML as rich text).
// Buttons start hidden: without JavaScript the text is there to select and copy by hand.
"use strict";
(function () {
  function say(button, text) {
    var status = button.parentElement.querySelector(".copied") || document.querySelector(".copied");
    if (status) { status.textContent = text; }
  }
  function fallback(source) {
    var range = document.createRange();
    if (source.select) { source.select(); } else { range.selectNodeContents(source); }
    var chosen = window.getSelection();
    if (!source.select) { chosen.removeAllRanges(); chosen.addRange(range); }
    return document.execCommand("copy");
  }
  function copy(button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) { return; }
    var text = "value" in source ? source.value : source.innerText;
    var done = function () { say(button, "Copied."); };
    var failed = function () { say(button, fallback(source) ? "Copied." : "Select the text and copy it."); };
    if (!navigator.clipboard) { failed(); return; }
    if (button.dataset.format === "html" && window.ClipboardItem) {
      var item = new ClipboardItem({
        "text/html": new Blob([source.innerHTML], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})
      });
      navigator.clipboard.write([item]).then(done, failed);
    } else {
      navigator.clipboard.writeText(text).then(done, failed);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
