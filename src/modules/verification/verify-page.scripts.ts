/**
 * The verification page's two scripts, as source text the page inlines under its CSP nonce.
 * Neither writes markup: what they show goes in through textContent.
 */

/** Hashes the chosen file in the browser and compares it with the page's sha256. */
export const FILE_CHECK_SCRIPT = `
(function () {
  var section = document.getElementById('file-check');
  if (!section) return;
  var expected = section.getAttribute('data-sha256');
  var messages = JSON.parse(section.getAttribute('data-messages') || '{}');
  function say(key, values) {
    return String(messages[key] || key).replace(/\\{(\\w+)\\}/g, function (slot, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : slot;
    });
  }

  var input = document.getElementById('file-input');
  var out = document.getElementById('file-result');
  function show(result, text) { out.setAttribute('data-result', result); out.textContent = text; }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, '0');
    }).join('');
  }
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) { show('', ''); return; }
    if (!window.crypto || !window.crypto.subtle) {
      show('error', say('script.secure'));
      return;
    }
    show('pending', say('script.checking'));
    file.arrayBuffer().then(function (bytes) {
      return window.crypto.subtle.digest('SHA-256', bytes);
    }).then(function (digest) {
      var actual = hex(digest);
      if (actual === expected) {
        show('match', say('script.match', { file: file.name, sha256: actual }));
      } else {
        show('mismatch', say('script.mismatch', { file: file.name, sha256: actual }));
      }
    }).catch(function () {
      show('error', say('script.unreadable'));
    });
  });
})();
`;

/**
 * Sends a dropped or chosen file to `POST /verify/open-badge` (the server reads JSON and
 * baked PNG/SVG alike) and shows the answer. Everything it shows goes in through textContent.
 */
export const BADGE_CHECK_SCRIPT = `
(function () {
  var section = document.getElementById('badge-check');
  if (!section) return;
  // Relative to /verify/<id>, also when the address ends in a slash.
  var action = new URL(
    section.getAttribute('data-action'),
    location.origin + location.pathname.replace(/\\/+$/, '')
  ).toString();
  var maxBytes = Number(section.getAttribute('data-max-bytes'));
  var messages = JSON.parse(section.getAttribute('data-messages') || '{}');
  function say(key, values) {
    return String(messages[key] || key).replace(/\\{(\\w+)\\}/g, function (slot, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : slot;
    });
  }

  var input = document.getElementById('badge-input');
  var zone = document.getElementById('badge-drop');
  var out = document.getElementById('badge-result');
  function line(text, className) {
    var p = document.createElement('p');
    if (className) p.className = className;
    p.textContent = text;
    out.appendChild(p);
  }
  function show(result, headline, lines) {
    out.setAttribute('data-result', result);
    out.textContent = '';
    line(headline, 'headline');
    (lines || []).forEach(function (text) { line(text); });
  }
  function check(file) {
    if (!file) return;
    if (file.size > maxBytes) {
      show('error', say('script.tooLarge', { file: file.name, max: maxBytes }));
      return;
    }
    show('pending', say('script.checkingFile', { file: file.name }));
    fetch(action, {
      method: 'POST',
      body: file,
      headers: { 'Content-Type': 'application/octet-stream' },
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      var body = answer.body || {};
      if (!answer.ok) {
        var message = body.error && typeof body.error.message === 'string' ? body.error.message : say('script.uncheckable');
        show('error', say('script.failed', { file: file.name, reason: message }));
        return;
      }
      var lines = [
        say(body.signatureValid ? 'script.signatureValid' : 'script.signatureInvalid'),
        say(body.expired ? 'script.expired' : body.notYetValid ? 'script.notYetValid' : 'script.current'),
        body.issuer ? say('script.issuer', { issuer: body.issuer }) : say('script.issuerUnnamed')
      ];
      (body.errors || []).forEach(function (error) { lines.push(say('script.problem', { problem: String(error) })); });
      if (body.verified) {
        show('verified', say('script.verified', { file: file.name }), lines);
      } else {
        show('not-verified', say('script.notVerified', { file: file.name }), lines);
      }
    }).catch(function () {
      show('error', say('script.noAnswer', { file: file.name }));
    });
  }
  input.addEventListener('change', function () { check(input.files && input.files[0]); });
  zone.addEventListener('click', function () { input.click(); });
  zone.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); input.click(); }
  });
  // Dropped anywhere on the page: the browser would otherwise open the file instead.
  document.addEventListener('dragover', function (event) {
    event.preventDefault();
    zone.classList.add('over');
  });
  document.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  document.addEventListener('drop', function (event) {
    event.preventDefault();
    zone.classList.remove('over');
    var files = event.dataTransfer && event.dataTransfer.files;
    check(files && files[0]);
  });
})();
`;
