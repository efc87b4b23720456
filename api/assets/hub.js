// A little help, never a gate: every page works without this script.
// An error summary takes the focus when a form comes back with problems, so that a screen reader
// announces it and the keyboard starts there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-error");
  if (summary) {
    summary.focus();
  }
});

// A form marked data-autosave (the review form) saves its draft on its own: a few seconds after the last
// change and when a field is left. It sends the revision it holds; the answer gives the next one, so
// a second window's older copy is refused (412) instead of overwriting, and the page says so.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var timer = null;
  var dirty = false;
  var busy = false;
  // A button pressed while a save is on its way waits for it: the form then sends the new revision.
  var waiting = false;
  var submitter = null;
  function say(text) {
    if (status && text) {
      status.textContent = text;
    }
  }
  function save() {
    timer = null;
    if (!dirty || busy) {
      return;
    }
    dirty = false;
    busy = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("intent", "autosave");
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok && body.revision !== undefined) {
          revision.value = String(body.revision);
        }
        say(body.message);
      });
    }).catch(function () {
      dirty = true;
      say(form.getAttribute("data-offline"));
    }).then(function () {
      busy = false;
      if (waiting) {
        waiting = false;
        form.requestSubmit(submitter);
      } else if (dirty) {
        schedule();
      }
    });
  }
  function schedule() {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, 3000);
  }
  form.addEventListener("input", function () {
    dirty = true;
    schedule();
  });
  form.addEventListener("change", function () {
    dirty = true;
    schedule();
  });
  form.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    // Leaving a field for the form's own buttons: the button's post saves it.
    if (dirty && !(next && next.form === form && next.type === "submit")) {
      save();
    }
  });
  form.addEventListener("submit", function (event) {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    dirty = false;
    if (busy) {
      event.preventDefault();
      waiting = true;
      submitter = event.submitter || null;
    }
  });
});

// The weights of a challenge's pillars must add up to 100: with script on, their sum shows as they are
// typed (the server checks it either way).
(function () {
  var rubric = document.querySelector("[data-weights-sum]");
  if (!rubric) return;
  var total = rubric.querySelector("[data-weights-total]");
  var output = total.querySelector("output");
  var inputs = rubric.querySelectorAll("input[data-weight]");
  function sum() {
    var value = 0;
    for (var i = 0; i < inputs.length; i++) value += parseInt(inputs[i].value, 10) || 0;
    output.textContent = String(value);
    total.classList.toggle("sum-wrong", value !== 100);
  }
  for (var i = 0; i < inputs.length; i++) inputs[i].addEventListener("input", sum);
  total.hidden = false;
  sum();
})();

// A print button (the evaluation summary) is shown only where the script can press the browser's own.
document.addEventListener("DOMContentLoaded", function () {
  var buttons = document.querySelectorAll("button[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () {
      window.print();
    });
  }
});
