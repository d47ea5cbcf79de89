// The batch import page's progress bar follows the job: it polls the batch's JSON status and
// updates the bar and the counts; when the batch is done the page reloads once to list the
// failed files. Without JavaScript the page shows the counts of when it was loaded; a reload
// shows the latest.
(function () {
  "use strict";
  var section = document.getElementById("batch-progress");
  if (!section || section.dataset.finished === "true" || !window.fetch) return;
  var url = section.dataset.statusUrl;
  var bar = document.getElementById("batch-bar");
  var fields = ["processed", "total", "imported", "duplicates", "failed"];
  var state = document.getElementById("batch-state");
  var error = document.getElementById("batch-error");
  var delay = 1000;

  function show(status) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.processed;
    bar.textContent = status.processed + " / " + status.total;
    fields.forEach(function (name) {
      var element = document.getElementById("batch-" + name);
      if (element) element.textContent = String(status[name]);
    });
    state.textContent = status.state_label;
    state.dataset.state = status.state;
    error.textContent = status.error;
    error.hidden = !status.error;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000); // the server is away: ask less often
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
