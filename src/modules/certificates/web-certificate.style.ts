/** The page around the certificate: toolbar, notices; nothing of it is printed. */
export const PAGE_STYLE = `
:root { color-scheme: light; --ok: #0f6b3a; --bad: #a3192a; --muted: #5b6470; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: #1d232a; background: #eceae4; }
a { color: #1f4e79; }
.toolbar { max-width: 1100px; margin: 0 auto; padding: .75rem 1rem; }
.toolbar-row { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
.toolbar p { margin: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.actions button { font: inherit; padding: .3rem .9rem; border: 1px solid #b8bec7; border-radius: 6px;
  background: #fff; cursor: pointer; }
.share { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin-top: .5rem; }
.status { display: inline-block; padding: .2rem .8rem; border-radius: 999px; font-weight: 600; }
.status.valid { background: #e3f4ea; color: var(--ok); }
.status.invalidated, .status.revoked, .status.not-found { background: #fbe7e9; color: var(--bad); }
.warning { padding: .6rem 1rem; border-inline-start: 4px solid var(--bad); background: #fdf1f2; }
.language { margin-inline-start: auto; font-size: .9rem; position: relative; }
.language summary { cursor: pointer; color: var(--muted); }
.language ul { list-style: none; margin: .3rem 0; padding: .5rem .8rem; columns: 2; background: #fff;
  border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.15); position: absolute; inset-inline-end: 0;
  z-index: 2; min-width: 16rem; }
.language a[aria-current] { font-weight: 600; }
main { padding: 0 1rem 2rem; }
.notice-page { max-width: 44rem; margin: 2rem auto; padding: 2rem; background: #fff; border-radius: 12px; }
.notice-page .language { float: inline-end; }
@media print {
  body { background: #fff; }
  .toolbar, .language { display: none !important; }
  main { padding: 0; }
}
`;

/**
 * The certificate, in the PDF's design: a framed sheet in the tier's accent (`--accent`), the
 * organization, the heading, the learner's name in a serif display face, the title, the date
 * and signatories, the verification block and the seal. Sizes follow the sheet's width
 * (container units), so it reads as the same paper at any width; a phone gets a stacked sheet.
 */
export const CERTIFICATE_STYLE = `
.certificate { container-type: inline-size; max-width: 1100px; margin: 0 auto; background: #fdfbf6;
  color: #1a1a1a; box-shadow: 0 2px 12px rgba(0,0,0,.12); padding: 2cqi; position: relative;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.frame { border: .35cqi solid var(--accent); outline: .12cqi solid var(--accent); outline-offset: -1.1cqi;
  height: 100%; padding: 3.2cqi 5cqi 2.6cqi; display: flex; flex-direction: column; align-items: center;
  text-align: center; }
.frame p { margin: 0; }
.issuer { display: flex; flex-direction: column; align-items: center; gap: .6cqi; min-height: 2cqi; }
.logo { max-height: 6cqi; max-width: 22cqi; object-fit: contain; }
.organization { font-weight: 700; color: #5b5b5b; font-size: 1.5cqi; letter-spacing: .02em; }
.heading { font-family: "Noto Serif Display", "Noto Serif", Georgia, "Times New Roman", serif; font-weight: 400;
  color: var(--accent); font-size: 3.9cqi; line-height: 1.15; margin: .8cqi 0 0; }
.rule { display: flex; align-items: center; justify-content: center; width: 18cqi; margin: .9cqi 0; }
.rule::before, .rule::after { content: ""; flex: 1; border-top: .12cqi solid var(--accent); }
.rule span { width: .8cqi; height: .8cqi; background: var(--accent); transform: rotate(45deg); margin: 0 .6cqi; }
.configuration { font-weight: 700; font-size: 1.6cqi; }
.intro { margin-top: 4cqi !important; color: #5b5b5b; font-size: 1.6cqi; }
.name { font-family: "Noto Serif Display", "Noto Serif", Georgia, "Times New Roman", serif; font-weight: 600;
  font-size: 5.2cqi; line-height: 1.2; padding: 0 4cqi .3cqi; border-bottom: .1cqi solid var(--accent);
  min-width: 50cqi; overflow-wrap: anywhere; }
.completed { margin-top: 1.4cqi !important; color: #5b5b5b; font-size: 1.6cqi; }
.title { font-weight: 700; font-size: 2.5cqi; margin-top: .6cqi !important; overflow-wrap: anywhere; }
.description { color: #5b5b5b; font-size: 1.5cqi; margin-top: .8cqi !important; }
.signatures { display: flex; flex-wrap: wrap; justify-content: center; gap: 1cqi 4cqi; margin-top: auto;
  padding-top: 3cqi; width: 100%; }
.signature { margin: 0; width: 18cqi; display: flex; flex-direction: column; align-items: center; }
.signature-image { height: 4.5cqi; max-width: 100%; object-fit: contain; display: block; }
.signature .line { border-top: .1cqi solid #8a8a8a; width: 100%; padding-top: .4cqi; font-size: 1.45cqi; }
.signatory-name { font-weight: 700; }
.date .line { border-top: none; border-bottom: .1cqi solid #8a8a8a; order: -1; margin-top: auto !important;
  padding: 0 0 .4cqi; }
.date .signature-image { display: none; }
.signature figcaption { color: #5b5b5b; font-size: 1.1cqi; margin-top: .3cqi; }
.verification { display: flex; align-items: center; gap: 1.6cqi; width: 100%; margin-top: 2.4cqi;
  text-align: start; }
.qr-link { display: block; color: #000; flex: none; }
.qr { width: 8.5cqi; height: 8.5cqi; display: block; }
.verify-text { flex: 1; font-size: 1.05cqi; color: #5b5b5b; overflow-wrap: anywhere; }
.verify-label { color: var(--accent); font-weight: 700; font-size: 1.2cqi; }
.verify-text a { color: inherit; text-decoration: none; }
.seal { flex: none; width: 9cqi; height: 9cqi; border-radius: 50%; background: var(--accent);
  display: flex; align-items: center; justify-content: center; color: #fff; font-weight: 700;
  font-size: 1.05cqi; box-shadow: 0 0 0 .35cqi #fdfbf6, 0 0 0 .55cqi var(--accent); }
.seal span { border: .12cqi solid rgba(255,255,255,.8); border-radius: 50%; width: 76%; height: 76%;
  display: flex; align-items: center; justify-content: center; padding: .4cqi; }
@media (max-width: 640px) {
  main { padding: 0 .5rem 1.5rem; }
  .certificate { aspect-ratio: auto !important; padding: .5rem; }
  .frame { padding: 1.5rem 1rem 1rem; border-width: 3px; outline-width: 1px; outline-offset: -8px; }
  .organization { font-size: .95rem; }
  .logo { max-height: 3rem; max-width: 60%; }
  .heading { font-size: 1.7rem; margin-top: .5rem; }
  .rule { width: 8rem; margin: .6rem 0; }
  .rule span { width: 6px; height: 6px; margin: 0 5px; }
  .configuration, .intro, .completed, .description { font-size: .95rem; }
  .intro { margin-top: 1.5rem !important; }
  .name { font-size: 2rem; min-width: 0; padding: 0 .5rem .2rem; max-width: 100%; }
  .title { font-size: 1.25rem; }
  .signatures { gap: 1rem 1.5rem; padding-top: 1.5rem; }
  .signature { width: 9rem; }
  .signature-image { height: 2.5rem; }
  .signature .line { font-size: .9rem; }
  .signature figcaption { font-size: .8rem; }
  .verification { flex-wrap: wrap; justify-content: center; gap: .8rem; margin-top: 1.5rem; text-align: center; }
  .qr { width: 6rem; height: 6rem; }
  .verify-text { flex-basis: 100%; order: 2; font-size: .8rem; }
  .verify-label { font-size: .9rem; }
  .seal { width: 5rem; height: 5rem; font-size: .7rem; box-shadow: 0 0 0 3px #fdfbf6, 0 0 0 5px var(--accent); }
}
@media print {
  .certificate { max-width: none; margin: 0; box-shadow: none; break-inside: avoid; overflow: hidden; }
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.page-image { aspect-ratio: auto !important; padding: 0; background: none; }
.page-image img { display: block; width: 100%; height: auto; }
@media (max-width: 640px) { .page-image { padding: 0; } }
@media print { .page-image img { width: 100%; height: 100%; object-fit: contain; } }
`;
