// Quick exit: leave at once for the neutral site, replacing this page in the history so Back
// does not return to it, and blank the page first so nothing lingers on screen.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    var target = link.href;
    document.title = "";
    document.documentElement.style.visibility = "hidden";
    if (document.body) { document.body.innerHTML = ""; }
    window.location.replace(target);
  }
  link.addEventListener("click", leave);
  // Shift pressed three times within two seconds.
  var presses = [];
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift" || e.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { leave(null); }
  });
})();
