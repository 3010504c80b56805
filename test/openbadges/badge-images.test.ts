import { CreateConfigurationDocument, UpdateConfigurationDocument } from '../operations/generated';
import { completion, ok, testCourse, upsertCourse } from '../progress/helpers';
import { startTestApp, type TestApp } from '../support/app';
import { FAST_JOBS } from '../issuance/helpers';
import { errorsOf, PNG_1X1, siteOf, uploadAsset } from '../issuers/helpers';
import {
  createDocumentLoader,
  extractBakedCredential,
  verifyOpenBadge,
} from '../../src/modules/openbadges/core';
import {
  defaultBadgeSvg,
  fillPlaceholders,
  wrapText,
} from '../../src/modules/openbadges/badge-image';
import { svgProblem } from '../../src/modules/issuance/svg-safety';
import { pdfPagePng, renderPdfPage, svgToPng } from '../../src/shared/raster';
import { PDFDocument } from 'pdf-lib';
import { decodePng, download, issued } from './badge-helpers';
import { fetchedLists } from './helpers';

const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';
const svg = (body: string, root = '') =>
  `<svg ${SVG_NS}${root} width="300" height="200" viewBox="0 0 300 200">${body}</svg>`;

/** Each is a way an SVG opened on its own runs script or reaches out; every one is refused. */
const ATTACKS: Record<string, string> = {
  script: svg('<script>alert(1)</script>'),
  'script, upper case': svg('<SCRIPT>alert(1)</SCRIPT>'),
  'svg:script': `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>`,
  'XHTML script in a foreign namespace': svg(
    '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
  ),
  'onload on the root': svg('<rect width="1" height="1"/>', ' onload="alert(1)"'),
  'onclick, odd spacing': svg('<rect width="1" height="1"\n  onclick\n=\n"alert(1)"/>'),
  'onmouseover after a quoted >': svg('<rect title="a>b" onmouseover="alert(1)"/>'),
  foreignObject: svg(
    '<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
  ),
  'javascript: link': svg('<a href="javascript:alert(1)"><text>x</text></a>'),
  'javascript: in use, entity-encoded': svg('<use href="&#106;avascript:alert(1)"/>'),
  'xlink:href to another site': svg(
    '<image xlink:href="https://evil.example/x.png" width="1" height="1"/>',
    ' xmlns:xlink="http://www.w3.org/1999/xlink"',
  ),
  'use of an external file': svg('<use href="other.svg#a"/>'),
  'image from a file path': svg('<image href="file:///etc/passwd" width="1" height="1"/>'),
  'nested SVG data URI': svg(
    '<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>',
  ),
  'animate setting a javascript: href': svg(
    '<a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a>',
  ),
  'set element': svg('<set attributeName="onmouseover" to="alert(1)"/>'),
  DOCTYPE: `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${svg('<text>&xxe;</text>')}`,
  'entity after an XML declaration': `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${svg('')}`,
  'xml-stylesheet': `<?xml-stylesheet href="https://evil.example/x.css"?>${svg('')}`,
  'CSS @import': svg('<style>@import url(https://evil.example/x.css);</style>'),
  'CSS url() to another site': svg(
    '<rect width="1" height="1" style="fill: url(https://evil.example/track)"/>',
  ),
  'iframe element': svg('<iframe src="https://evil.example"/>'),
  'not SVG at its root': `<html ${SVG_NS}><script>alert(1)</script></html>`,
  'a placeholder in an attribute (a learner named "javascript:…")': svg(
    '<a href="{{learnerName}}"><text>x</text></a>'.replace('<a ', '<g ').replace('</a>', '</g>'),
  ),
  'a placeholder in a style': svg('<style>.t { fill: {{learnerName}}; }</style>'),
  'an unterminated comment': svg('<!-- <script>alert(1)</script>'),
  'hidden after a comment': `<!-- <svg> -->${svg('<script>alert(1)</script>')}`,
};

describe('the SVG check', () => {
  it.each(Object.entries(ATTACKS))('refuses %s', (_name, text) => {
    expect(svgProblem(Buffer.from(text))).not.toBeNull();
  });

  it('accepts a clean drawing with gradients, text, fragments and an inline PNG', () => {
    const clean = svg(
      [
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>',
        '<style>.t { font-weight: bold; fill: url(#g); }</style>',
        '<rect width="300" height="200" fill="url(#g)"/>',
        '<text class="t" x="10" y="20">{{learnerName}} &amp; co</text>',
        `<image width="1" height="1" href="data:image/png;base64,${PNG_1X1.toString('base64')}"/>`,
        '<use href="#g"/>',
      ].join(''),
    );
    expect(svgProblem(Buffer.from(clean))).toBeNull();
  });

  it('checks a hostile file in linear time', () => {
    for (const unit of ['<a "', '<!--', '<style>', '<g b="c" ']) {
      const hostile = svg(unit.repeat(Math.floor((500 * 1024) / unit.length)));
      const started = Date.now();
      const problem = svgProblem(Buffer.from(hostile));
      expect(Date.now() - started).toBeLessThan(2000);
      if (unit === '<a "' || unit === '<!--') expect(problem).not.toBeNull();
    }
  });

  it('refuses an SVG without a size', () => {
    const sizeless = `<svg ${SVG_NS}><rect width="1" height="1"/></svg>`;
    expect(svgProblem(Buffer.from(sizeless))).toMatch(/viewBox/);
  });

  it('draws a sliver of an SVG no taller than four widths', async () => {
    const sliver = `<svg ${SVG_NS} width="1" height="100000"><rect width="1" height="100000" fill="#123"/></svg>`;
    expect(svgProblem(Buffer.from(sliver))).toBeNull();
    expect(await decodePng(await svgToPng(sliver, 512))).toMatchObject({
      width: 512,
      height: 2048,
    });
  });

  it('draws a sliver of a PDF page no taller than four widths, and a huge page capped', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([1, 14_400]).drawRectangle({ x: 0, y: 0, width: 1, height: 14_400 });
    doc.addPage([14_400, 14_400]);
    const pdf = await doc.save();
    // Asked for 1,000 pixels across, the sliver would be 14.4 million tall.
    const sliver = await decodePng(await pdfPagePng(pdf, 1000, 1));
    expect(sliver.height).toBeLessThanOrEqual(4000);
    expect(sliver.width).toBeLessThanOrEqual(1000);
    // At 72 dpi a 200 × 200 inch page is 14,400 pixels square (207 million): capped.
    const canvas = await renderPdfPage(pdf, 2, { scale: 1 });
    expect(canvas.width * canvas.height).toBeLessThanOrEqual(24_000_000);
  });

  it('refuses an SVG over the size cap', () => {
    const big = svg(`<desc>${'x'.repeat(600 * 1024)}</desc>`);
    expect(svgProblem(Buffer.from(big))).toMatch(/larger than/);
  });
});

describe('badge SVG generation', () => {
  const fields = {
    achievementName: 'Data Explorer',
    organizationName: 'Example University',
    contextTitle: 'Data & Society',
    learnerName: 'Ada <&>" Lovelace',
    issuedOn: '2026-03-01',
  };

  it('escapes every placeholder value and leaves unknown ones', () => {
    const filled = fillPlaceholders(
      '<text>{{learnerName}}|{{ issuedOn }}|{{unknown}}</text>',
      fields,
    );
    expect(filled).toBe('<text>Ada &lt;&amp;&gt;&quot; Lovelace|2026-03-01|{{unknown}}</text>');
  });

  it('makes a deterministic default that passes the upload check', () => {
    const one = defaultBadgeSvg(fields);
    expect(defaultBadgeSvg({ ...fields })).toBe(one);
    expect(one).toContain('Ada &lt;&amp;&gt;&quot; Lovelace');
    expect(svgProblem(Buffer.from(one))).toBeNull();
    expect(defaultBadgeSvg({ ...fields, learnerName: 'Grace' })).not.toBe(one);
  });

  it('wraps long names into a few lines and ellipsises the rest', () => {
    expect(wrapText('Advanced Data Visualisation with Python and R', 14, 3)).toEqual([
      'Advanced Data',
      'Visualisation',
      'with Python…',
    ]);
  });
});

describe('badge images through the API', () => {
  let app: TestApp;
  let loader = createDocumentLoader();
  beforeAll(async () => {
    app = await startTestApp({ ...FAST_JOBS });
    loader = createDocumentLoader(undefined, fetchedLists(app));
  });
  afterAll(() => app.stop());

  const put = (slug: string, body: string | Uint8Array) =>
    fetch(`${siteOf(app)}/assets/${slug}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${app.adminToken}` },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });

  it('refuses every SVG attack at upload', async () => {
    for (const [name, text] of Object.entries(ATTACKS)) {
      const response = await put('attack', text);
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
    }
    expect((await put('clean', svg('<rect width="1" height="1"/>'))).status).toBe(201);
  });

  it('renders an SVG template with the learner name, XML-escaped, and bakes it', async () => {
    const template = svg(
      '<rect width="300" height="200" fill="#234"/>' +
        '<text x="150" y="60" fill="#fff" text-anchor="middle">{{achievementName}}</text>' +
        '<text x="150" y="110" fill="#fff" text-anchor="middle">{{learnerName}}</text>' +
        '<text x="150" y="160" fill="#fff" text-anchor="middle">{{organizationName}} · {{contextTitle}} · {{issuedOn}}</text>',
    );
    await uploadAsset(app, 'badge-template', Buffer.from(template));
    const credential = await issued(app, {
      kind: 'BADGE',
      learnerId: 'ada',
      learnerName: 'Ada <&>" Lovelace',
      badgeTemplateAssetId: 'badge-template',
    });
    const token = await app.token({ subject: 'ada' });
    const file = await download(app, `/credentials/${credential.id}/badge.svg`, token);
    expect(file.status).toBe(200);
    expect(file.text).toContain('>Ada &lt;&amp;&gt;&quot; Lovelace</text>');
    expect(file.text).toContain('>Data Explorer</text>');
    expect(file.text).toMatch(/>Laurel · Data &amp; Society · \d{4}-\d\d-\d\d<\/text>/);
    expect(file.text).not.toContain('{{');
    expect(file.text).not.toMatch(/<script/i);
    const baked = JSON.parse(extractBakedCredential(file.bytes)!) as unknown;
    expect(await verifyOpenBadge(baked, loader)).toMatchObject({ verified: true });

    const png = await download(app, `/credentials/${credential.id}/badge.png`, token);
    // 300×200 drawn 512 wide.
    expect(await decodePng(png.bytes)).toMatchObject({ width: 512, height: 341 });
    expect((await decodePng(png.bytes)).colours).toBeGreaterThan(2);
  });

  it('takes a PNG template as it is', async () => {
    await uploadAsset(app, 'badge-png', PNG_1X1);
    const credential = await issued(app, {
      kind: 'BADGE',
      learnerId: 'lin',
      badgeTemplateAssetId: 'badge-png',
    });
    const file = await download(app, `/credentials/${credential.id}/badge.png`, app.adminToken);
    expect(await decodePng(file.bytes)).toMatchObject({ width: 1, height: 1 });
    expect(extractBakedCredential(file.bytes)).not.toBeNull();
  });

  it('checks the template reference: it must exist and be an SVG or PNG', async () => {
    const course = testCourse('course-v1:Badge+Ref+2026');
    await upsertCourse(app, course);
    const create = (badgeTemplateAssetId: string) =>
      app.gql(
        CreateConfigurationDocument,
        {
          input: {
            name: 'B',
            kind: 'BADGE',
            courseId: course.id,
            requirements: [completion(0.5)],
            badgeTemplateAssetId,
          },
        },
        app.adminToken,
      );
    expect(errorsOf(await create('never-uploaded'))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'badgeTemplateAssetId' },
    ]);
    await uploadAsset(app, 'photo', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const jpeg = await create('photo');
    expect(errorsOf(jpeg)).toEqual([{ code: 'BAD_USER_INPUT', field: 'badgeTemplateAssetId' }]);
    expect(jpeg.errors![0]!.message).toMatch(/SVG or PNG/);
    const { createCredentialConfiguration: created } = await ok(create('badge-template'));
    expect(created.badgeTemplateAssetId).toBe('badge-template');
    const { updateCredentialConfiguration: updated } = await ok(
      app.gql(
        UpdateConfigurationDocument,
        { id: created.id, input: { badgeTemplateAssetId: null } },
        app.adminToken,
      ),
    );
    expect(updated.badgeTemplateAssetId).toBeNull();
  });

  it('serves the achievement and its image publicly, cached, without learner fields', async () => {
    const credential = await issued(app, { kind: 'BADGE', learnerId: 'max' });
    const path = `/achievements/${credential.configurationId}`;
    const json = await download(app, path);
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = json.headers.get('etag');
    expect(etag).toBeTruthy();
    // (fetch adds "Cache-Control: no-cache" to a conditional request unless one is given.)
    const revalidated = await download(app, path, null, {
      'if-none-match': etag!,
      'cache-control': 'max-age=0',
    });
    expect(revalidated.status).toBe(304);

    const token = await app.token({ subject: 'max' });
    const signed = JSON.parse(
      (await download(app, `/credentials/${credential.id}/open-badge.json`, token)).text,
    ) as { credentialSubject: { achievement: unknown } };
    expect(JSON.parse(json.text)).toEqual(signed.credentialSubject.achievement);

    const png = await download(app, `${path}/image.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await decodePng(png.bytes)).toMatchObject({ width: 512, height: 512 });
    expect(extractBakedCredential(png.bytes)).toBeNull();

    const image = await download(app, `${path}/image.svg`);
    expect(image.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(image.text).toContain('Data Explorer');
    expect(image.text).not.toContain('Learner max');
    expect((await download(app, '/achievements/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await download(app, '/achievements/nope/image.png')).status).toBe(404);
  });
});
