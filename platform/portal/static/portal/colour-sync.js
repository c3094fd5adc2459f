/* The branding form: keep each colour's text box and colour picker in step, and show the
   chosen colours in the preview at once. Without JavaScript the text box alone works and
   "Show preview" renders the preview on the server. */
(function () {
  "use strict";
  var HEX = /^#[0-9a-fA-F]{6}$/;
  var preview = document.querySelector("[data-colour-preview]");
  var variables = { primary_colour: "--preview-primary", accent_colour: "--preview-accent" };

  function show(name, value) {
    if (preview && variables[name] && HEX.test(value)) {
      preview.style.setProperty(variables[name], value);
    }
  }

  Object.keys(variables).forEach(function (name) {
    var text = document.querySelector('input[name="' + name + '"]');
    var picker = document.querySelector('input[name="' + name + '_picker"]');
    if (!text || !picker) {
      return;
    }
    picker.addEventListener("input", function () {
      text.value = picker.value;
      show(name, picker.value);
    });
    text.addEventListener("input", function () {
      var value = text.value.trim();
      if (HEX.test(value)) {
        picker.value = value.toLowerCase();
        show(name, value);
      }
    });
  });
})();
