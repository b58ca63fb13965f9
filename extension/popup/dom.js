// Small DOM helpers shared by the popup's modules. Text only ever goes in through textContent.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element with an optional class and text (set with textContent, never as HTML). */
export const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};
