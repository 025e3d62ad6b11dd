import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, PAGE_POLICY, SECURITY_HEADERS } from '../../src/build/security-headers.mjs';

/* The headers a deployment must send are stated once in code and repeated in the README. */

describe('security headers', () => {
  it('keep learner code on the site: no connection or script from another origin', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('script-src')?.filter((source) => !source.startsWith("'"))).toEqual([]);
  });

  it("narrow pages' scripts to the site's own, without eval", () => {
    expect(PAGE_POLICY?.csp).toMatchObject({ scriptDirective: { resources: ["'self'"] } });
  });

  it('are the ones the README tells deployers to send', async () => {
    const readme = await readFile('README.md', 'utf8');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(readme).toContain(`${name}: ${value}\n`);
  });
});
