// Markdown image URLs made absolute in API output (SPEC 4.10): `![legend](path)` whose path
// does not start with http gets `<scheme>://<host>` in front; plain links are untouched.
// A relative path gets the missing "/" (SPEC 9, B19). Stored content is never modified.
const IMAGE = /!\[(.*?)\]\((.*?)\)/g;

export function absolutiseImages(markdown: string, origin: string): string {
  return markdown.replace(IMAGE, (whole, legend: string, path: string) => {
    if (path.startsWith('http')) return whole;
    return `![${legend}](${origin}${path.startsWith('/') ? '' : '/'}${path})`;
  });
}
