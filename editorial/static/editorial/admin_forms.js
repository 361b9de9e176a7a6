/* Change forms that help: a credit's character list follows its film; a chosen picture shows at once. */
'use strict';
(function () {
  function partner(select, from, to) {
    return document.querySelector('select[name="' + select.name.replace(new RegExp(from + '$'), to) + '"]');
  }

  // Offer only the characters of the credit's film (options carry data-film; see editorial/forms.py).
  function limitCharacters(characterSelect) {
    const film = partner(characterSelect, '-character', '-film');
    const options = characterSelect.querySelectorAll('option[data-film]');
    if (!film || !options.length) return;
    for (const option of options) {
      const match = option.dataset.film === film.value;
      option.hidden = !match;
      option.disabled = !match;
      if (!match && option.selected) characterSelect.value = '';
    }
    for (const group of characterSelect.querySelectorAll('optgroup')) {
      group.hidden = !group.querySelector('option:not([hidden])');
    }
  }

  function limitAll(root) {
    root.querySelectorAll('select[name$="-character"]').forEach(limitCharacters);
  }

  function filmChanged(event) {
    const target = event.target;
    if (target && target.name && /-film$/.test(target.name)) {
      const characters = partner(target, '-film', '-character');
      if (characters) limitCharacters(characters);
    }
  }

  // A picture chosen for upload is shown before saving.
  function previewUpload(event) {
    const input = event.target;
    if (!input || input.type !== 'file' || !input.files || !input.files[0]) return;
    let img = input.parentElement.querySelector('img.image-preview-live');
    if (!img) {
      img = document.createElement('img');
      img.className = 'image-preview-live';
      img.alt = '';
      input.parentElement.appendChild(img);
    }
    // A data: URL, because the admin's Content-Security-Policy allows no blob: images.
    const reader = new FileReader();
    reader.onload = function () { img.src = reader.result; };
    reader.readAsDataURL(input.files[0]);
  }

  document.addEventListener('DOMContentLoaded', function () {
    limitAll(document);
    // The film field is an autocomplete (select2), which reports changes through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on('change', 'select[name$="-film"]', filmChanged);
    }
  });
  document.addEventListener('change', filmChanged);
  document.addEventListener('change', previewUpload);
  document.addEventListener('formset:added', function (event) { limitAll(event.target); });
})();
