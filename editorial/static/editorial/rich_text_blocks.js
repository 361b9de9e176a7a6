/* The article body's own blocks, each written in the one form common/sanitize.py keeps:
   a picture from the library   <figure data-picture="ID"><figcaption>…</figcaption></figure>
   a YouTube or Vimeo video      <figure data-video="URL"><figcaption>…</figcaption></figure>
   a pull quote                  <blockquote class="pull-quote">…</blockquote>
   The site draws the first two from the library and the video's link (catalog/figures.py); here the
   editor shows what they stand for. Every word comes translated from editorial/rich_text.py. */
import { Node, crel, mergeAttributes, updateAttrsDialog } from '../django_prose_editor/editor.js';

const VIDEO_LINK = /^https?:\/\/([a-z0-9-]+\.)*(youtube\.com|youtu\.be|youtube-nocookie\.com|vimeo\.com)\//i;

let library = null; // the library's pictures, asked for once per page

function libraryPictures(url) {
  library ||= fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : { pictures: [] }))
    .then((data) => data.pictures || [])
    .catch(() => {
      library = null; // asked again next time
      return [];
    });
  return library;
}

function captionAttribute() {
  return {
    default: '',
    parseHTML: (element) => element.querySelector('figcaption')?.textContent.trim() || '',
    renderHTML: () => ({}),
  };
}

function withCaption(figure, caption) {
  return caption ? [...figure, ['figcaption', {}, caption]] : figure;
}

// With a paragraph after it, so that writing goes on below the block instead of replacing it.
function insertBlock(editor, block) {
  editor.chain().focus().insertContent([block, { type: 'paragraph' }]).run();
}

function shownBlock(className, label, caption) {
  const name = crel('span', { className: 'body-block__name', textContent: label });
  const dom = crel('figure', { className: `body-block ${className}`, contentEditable: false }, [name]);
  if (caption) dom.append(crel('figcaption', { textContent: caption }));
  return { dom, name };
}

export const LibraryFigure = Node.create({
  name: 'libraryFigure',
  group: 'block',
  atom: true,
  draggable: true,

  addOptions() {
    return { pictures: '', labels: {} };
  },

  addAttributes() {
    return {
      picture: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-picture'),
        renderHTML: (attributes) => ({ 'data-picture': attributes.picture }),
      },
      caption: captionAttribute(),
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-picture]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return withCaption(['figure', mergeAttributes(HTMLAttributes)], node.attrs.caption);
  },

  addNodeView() {
    const { pictures, labels } = this.options;
    return ({ node }) => {
      const { dom, name } = shownBlock('body-block--picture', `${labels.shown} ${node.attrs.picture}`, node.attrs.caption);
      libraryPictures(pictures).then((found) => {
        const picture = found.find((each) => String(each.id) === String(node.attrs.picture));
        if (!picture) return;
        name.textContent = `${labels.shown}: ${picture.alt}`;
        dom.prepend(crel('img', { src: picture.thumbnail, alt: picture.alt }));
      });
      return { dom };
    };
  },

  addCommands() {
    return {
      insertLibraryFigure:
        () =>
        ({ editor }) => {
          chooseFigure(editor, this.options);
          return true;
        },
    };
  },

  addMenuItems({ menu, buttons }) {
    const { labels } = this.options;
    menu.defineItem({
      name: 'libraryFigure',
      groups: 'nodes',
      button: buttons.text(labels.button, labels.title),
      command: (editor) => editor.commands.insertLibraryFigure(),
    });
  },
});

async function chooseFigure(editor, { pictures, labels }) {
  const found = await libraryPictures(pictures);
  if (!found.length) {
    window.alert(labels.empty);
    return;
  }
  const choices = found.map((picture) => `${picture.id}: ${picture.alt}`);
  const chosen = await updateAttrsDialog(
    { picture: { title: labels.picture, enum: choices }, caption: { title: labels.caption } },
    { title: labels.title, submitText: labels.insert },
  )(editor, { picture: choices[0], caption: '' });
  if (!chosen) return;
  const attrs = { picture: chosen.picture.split(':')[0], caption: chosen.caption.trim() };
  insertBlock(editor, { type: 'libraryFigure', attrs });
}

export const VideoEmbed = Node.create({
  name: 'videoEmbed',
  group: 'block',
  atom: true,
  draggable: true,

  addOptions() {
    return { labels: {} };
  },

  addAttributes() {
    return {
      video: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-video'),
        renderHTML: (attributes) => ({ 'data-video': attributes.video }),
      },
      caption: captionAttribute(),
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-video]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return withCaption(['figure', mergeAttributes(HTMLAttributes)], node.attrs.caption);
  },

  addNodeView() {
    const { labels } = this.options;
    return ({ node }) => ({
      dom: shownBlock('body-block--video', `${labels.shown}: ${node.attrs.video}`, node.attrs.caption).dom,
    });
  },

  addCommands() {
    return {
      insertVideoEmbed:
        () =>
        ({ editor }) => {
          chooseVideo(editor, this.options);
          return true;
        },
    };
  },

  addMenuItems({ menu, buttons }) {
    const { labels } = this.options;
    menu.defineItem({
      name: 'videoEmbed',
      groups: 'nodes',
      button: buttons.text(labels.button, labels.title),
      command: (editor) => editor.commands.insertVideoEmbed(),
    });
  },
});

async function chooseVideo(editor, { labels }) {
  const chosen = await updateAttrsDialog(
    { video: { title: labels.link, format: 'url', required: true }, caption: { title: labels.caption } },
    { title: labels.title, submitText: labels.insert },
  )(editor, { video: '', caption: '' });
  if (!chosen) return;
  const video = chosen.video.trim();
  if (!VIDEO_LINK.test(video)) {
    window.alert(labels.refused);
    return;
  }
  insertBlock(editor, { type: 'videoEmbed', attrs: { video, caption: chosen.caption.trim() } });
}

export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'paragraph+',
  defining: true,

  addOptions() {
    return { labels: {} };
  },

  parseHTML() {
    return [{ tag: 'blockquote.pull-quote', priority: 60 }]; // before the plain quote's rule
  },

  renderHTML() {
    return ['blockquote', { class: 'pull-quote' }, 0];
  },

  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    };
  },

  addMenuItems({ menu, buttons }) {
    const { labels } = this.options;
    menu.defineItem({
      name: 'pullQuote',
      groups: 'nodes',
      button: buttons.text(labels.button, labels.title),
      command: (editor) => editor.chain().focus().togglePullQuote().run(),
      active: (editor) => editor.isActive('pullQuote'),
      enabled: (editor) => editor.can().togglePullQuote(),
    });
  },
});
