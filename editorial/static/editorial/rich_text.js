/* Starts django-prose-editor on every textarea that asks for it (editorial/rich_text.py).
   The package's own loader needs an inline import map, which the admin's CSP forbids; this module
   imports the editor by its static URL instead, with the body's own blocks (rich_text_blocks.js).
   The configuration comes from the textarea. */
import * as editor from '../django_prose_editor/editor.js';
import { LibraryFigure, PullQuote, VideoEmbed } from './rich_text_blocks.js';

const EXTENSIONS = { ...editor, LibraryFigure, PullQuote, VideoEmbed };

const ATTRIBUTE = 'data-django-prose-editor-configurable';

function start(textarea) {
  if (textarea.closest('.prose-editor')) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || '{}');
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = EXTENSIONS[name];
    if (extension) extensions.push(typeof options === 'object' ? extension.configure(options) : extension);
  }
  return editor.createTextareaEditor(textarea, extensions);
}

editor.initializeEditors(start, `[${ATTRIBUTE}]`);
