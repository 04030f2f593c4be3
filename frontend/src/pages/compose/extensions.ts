// TipTap extensions for email bodies: images by URL and link buttons. Email HTML needs
// neither uploads nor anything a mail client would strip.
import { Node, mergeAttributes } from '@tiptap/core';
import { Link } from '@mantine/tiptap';
import StarterKit from '@tiptap/starter-kit';

/** An <img> by URL, inline so it can sit in a paragraph or alone. */
export const EmailImage = Node.create({
  name: 'image',
  inline: true,
  group: 'inline',
  draggable: true,
  addAttributes() {
    return {
      src: { default: null },
      alt: { default: null },
      width: { default: null },
    };
  },
  parseHTML() {
    return [{ tag: 'img[src]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['img', mergeAttributes(HTMLAttributes)];
  },
});

/** Links keep a class, so a link can be a button (class="button", styled by the theme). */
export const EmailLink = Link.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      class: { default: null },
    };
  },
}).configure({ openOnClick: false, HTMLAttributes: { target: null, rel: null } });

export const extensions = [StarterKit.configure({ link: false }), EmailLink, EmailImage];
