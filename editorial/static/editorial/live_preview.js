/* The live preview beside a change form: the public page drawn from the form as it is, unsaved
   (PublishingAdmin.live_preview_view), when asked, when its language is changed, and after each pause
   in writing. The page is shown in a sandboxed frame, without its scripts. */
'use strict';
(function () {
  const PAUSE_MS = 1500; // writing is taken to have paused after this long without a keystroke

  // The sandbox would refuse the page's scripts anyway (and say so in the console): they are left out.
  function withoutScripts(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    doc.querySelectorAll('script').forEach(function (script) { script.remove(); });
    return '<!DOCTYPE html>' + doc.documentElement.outerHTML;
  }

  function setUp(panel) {
    const form = panel.closest('form');
    const frame = panel.querySelector('iframe');
    const status = panel.querySelector('[role="status"]');
    let timer = null;
    let asked = 0;

    async function refresh() {
      clearTimeout(timer);
      const number = ++asked;
      const data = new FormData(form);
      status.textContent = panel.dataset.loading;
      try {
        const response = await fetch(panel.dataset.livePreview, {
          method: 'POST',
          body: data,
          credentials: 'same-origin',
          headers: { 'X-CSRFToken': data.get('csrfmiddlewaretoken') },
        });
        if (!response.ok) throw new Error(String(response.status));
        const page = await response.text();
        if (number !== asked) return; // a later refresh was asked for while this one travelled
        frame.srcdoc = withoutScripts(page);
        status.textContent = panel.dataset.done;
      } catch (error) {
        if (number === asked) status.textContent = panel.dataset.failed;
      }
    }

    function later(event) {
      if (panel.contains(event.target)) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, PAUSE_MS);
    }

    panel.querySelector('[data-live-preview-refresh]').addEventListener('click', refresh);
    panel.querySelectorAll('input[name="preview_language"]').forEach(function (choice) {
      choice.addEventListener('change', refresh);
    });
    form.addEventListener('input', later);
    form.addEventListener('change', later);
    refresh();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live-preview]').forEach(setUp);
  });
})();
