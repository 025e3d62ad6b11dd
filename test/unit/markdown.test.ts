import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/lib/content/markdown.ts';

/* Exercise instructions, hints and quiz intros are Markdown that may carry raw HTML. */

describe('renderMarkdown', () => {
  it('keeps what Markdown writes: emphasis, code, lists, tables, links', () => {
    const html = renderMarkdown('Make a **list** named `customers`:\n\n- one\n- two\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n[next](../intro/)\n\n```python\nx = 1\n```');
    expect(html).toContain('<strong>list</strong>');
    expect(html).toContain('<code>customers</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<td align="right">2</td>');
    expect(html).toContain('<a href="../intro/">next</a>');
    expect(html).toContain('<code class="language-python">x = 1');
  });

  it('drops scripts and event handlers from instructions', () => {
    const html = renderMarkdown('Look: <img src=x onerror="alert(1)"> <script>alert(2)</script><svg onload=alert(3)></svg>');
    expect(html).not.toMatch(/onerror|onload|<script|alert\(2\)|<svg/);
    expect(html).toContain('<img src="x" />');
  });

  it('drops script URLs and inline styles from links and images', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) <a href="data:text/html,<script>alert(1)</script>" style="position:fixed">x</a> ![i](javascript:alert(1))');
    expect(html).not.toMatch(/javascript:|data:|style=/);
  });

  it('drops frames and forms from a quiz intro, keeping its text', () => {
    const html = renderMarkdown('Step 3 hands on segments.<iframe src="https://example.com"></iframe><form action="https://example.com"><button>Send</button></form>');
    expect(html).not.toMatch(/<iframe|<form|<button|example\.com/);
    expect(html).toContain('Step 3 hands on segments.');
  });
});
