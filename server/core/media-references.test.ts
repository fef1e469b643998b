import { describe, expect, it } from 'vitest';
import { collectReferences, isReferenced, markdownTargets, referenceBasenames, targetToKey } from './media-references.ts';

describe('reference extraction (the original tests/test_markdown.py)', () => {
  it.each([
    ['', []],
    ['Here is my home: ![home](home.png).', ['home.png']],
    ['![home](path/to/home.png)', ['home.png']],
    ['[here](http://www.findithere.com)', ['www.findithere.com']],
  ])('%j → %j', (markdown, expected) => {
    expect(referenceBasenames(markdown)).toEqual(expected);
  });

  it('finds images, links, titles and raw HTML', () => {
    expect(markdownTargets('![a](/media/x.png "titre") [b](<doc.pdf>) <img src="/media/y.jpg"> [c](http://e.org/a)')).toEqual([
      '/media/x.png',
      'doc.pdf',
      'http://e.org/a',
      '/media/y.jpg',
    ]);
  });
});

describe('targets to storage keys', () => {
  it.each([
    ['/media/markdownx/3f2b1c4d-logo.png', 'markdownx/3f2b1c4d-logo.png'],
    ['markdownx/schema.png', 'markdownx/schema.png'],
    ['http://localhost:8000/media/markdownx/a%20b.png?x=1#top', 'markdownx/a b.png'],
    ['https://oser.s3.amazonaws.com/media/markdownx/c.png?X-Amz-Signature=abc', 'markdownx/c.png'],
    ['http://127.0.0.1:9000/oser/media/visits/images/v.jpg', 'visits/images/v.jpg'],
    ['//cdn.example.org/media/d.png', 'd.png'],
    ['home.png', 'home.png'],
    ['mailto:someone@example.org', null],
    ['/media/../etc/passwd', null],
    ['https://oser-cs.fr/', null],
  ])('%s → %s', (target, key) => {
    expect(targetToKey(target)).toBe(key);
  });
});

describe('referenced files', () => {
  const references = collectReferences({
    files: ['visits/images/visit-1.jpg', null, '', 'visits/fact_sheets/visit-factsheet.pdf'],
    markdown: ['![logo](/media/markdownx/logo.png) et [règlement](/media/docs/r%C3%A8glement.pdf)', '![](other/deep/root-image.png)'],
  });

  it('match on the full key', () => {
    expect(isReferenced('visits/images/visit-1.jpg', references)).toBe(true);
    expect(isReferenced('markdownx/logo.png', references)).toBe(true);
    expect(isReferenced('docs/règlement.pdf', references)).toBe(true);
    expect(isReferenced('visits/images/visit-2.jpg', references)).toBe(false);
  });

  it('S16: a Markdown image in a sub-folder is not lost to the basename comparison', () => {
    expect(isReferenced('markdownx/logo.png', references)).toBe(true);
    expect(isReferenced('elsewhere/logo.png', references)).toBe(false);
  });

  it('keep the basename match for files at the root only', () => {
    expect(isReferenced('root-image.png', references)).toBe(true);
    expect(isReferenced('logo.png', references)).toBe(true);
    expect(isReferenced('visit-1.jpg', references)).toBe(false);
  });
});
