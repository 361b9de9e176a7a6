/* Names the fields that the admin's widgets draw without a name, so that screen readers (and axe-core) can
   tell them apart: select2's boxes for autocomplete fields and the rich-text editor's writing area. Each takes
   its field's label. The widgets draw these parts after the page loads, and again for each new inline row,
   so every change to the page is followed by one pass over what is still unnamed. */
'use strict';
{
  function labelFor(id) {
    const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
    if (label && !label.id) label.id = `${id}-label`;
    return label;
  }

  function nameSelect2(container) {
    const select = container.previousElementSibling;
    const label = select && select.tagName === 'SELECT' ? labelFor(select.id) : null;
    if (!label) return;
    for (const part of container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field')) {
      if (part.dataset.named) continue;
      const own = part.getAttribute('aria-labelledby');
      // The label first, then what select2 named it by (the chosen value), so both are read.
      part.setAttribute('aria-labelledby', own && own !== label.id ? `${label.id} ${own}` : label.id);
      part.dataset.named = 'yes';
    }
  }

  function nameEditor(area) {
    const textarea = area.closest('.prose-editor')?.querySelector('textarea');
    const label = textarea ? labelFor(textarea.id) : null;
    if (label) area.setAttribute('aria-labelledby', label.id);
  }

  function nameAll() {
    document.querySelectorAll('.select2-container').forEach(nameSelect2);
    document.querySelectorAll('.prose-editor [contenteditable]:not([aria-labelledby])').forEach(nameEditor);
  }

  let queued = false;
  function queue() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      nameAll();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    nameAll();
    new MutationObserver(queue).observe(document.body, { childList: true, subtree: true });
  });
}
