// A little help, never a gate: every page works without this script.
// An error summary takes the focus when a form comes back with problems, so that a screen reader
// announces it and the keyboard starts there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-error");
  if (summary) {
    summary.focus();
  }
});
