// "Use my location": only with JavaScript and the person's permission; the coordinates go
// into the form as lat/lon and the search is submitted. Nothing is sent anywhere else.
(function () {
  "use strict";
  if (!("geolocation" in navigator)) { return; }
  var buttons = document.querySelectorAll("button.locate");
  Array.prototype.forEach.call(buttons, function (button) {
    var form = button.form;
    var status = form.querySelector(".locate-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = button.getAttribute("data-locating"); }
      navigator.geolocation.getCurrentPosition(function (pos) {
        ["lat", "lon"].forEach(function (name) {
          var input = form.querySelector("input[name=" + name + "]");
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            form.appendChild(input);
          }
          input.value = (name === "lat" ? pos.coords.latitude : pos.coords.longitude).toFixed(3);
        });
        var near = form.querySelector("input[name=near]");
        if (near) { near.value = ""; }
        form.submit();
      }, function () {
        if (status) { status.textContent = button.getAttribute("data-denied"); }
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
  });
})();
