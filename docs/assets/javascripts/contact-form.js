/* The contact form, improved: sent with fetch, Dutch errors next to the fields
   (announced to screen readers), the button disabled while sending, and a
   mailto fallback when sending fails. Without this file the form still works
   as a plain POST. Nothing typed is ever cleared. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-contact-form]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var button = form.querySelector("button[type=submit]");
  var status = form.querySelector("[data-contact-status]");
  var fallback = form.querySelector("[data-contact-fallback]");
  var FIELDS = ["name", "email", "phone", "message", "consent"];
  var busy = false;
  // The endpoint checks every field and its Dutch messages appear next to the
  // fields; the browser's own bubbles (in the browser's language) would come first.
  form.noValidate = true;

  function errorElement(field) {
    return document.getElementById(field + "-error");
  }

  function clearErrors() {
    FIELDS.forEach(function (field) {
      var input = form.elements[field];
      var error = errorElement(field);
      if (input) {
        input.removeAttribute("aria-invalid");
      }
      if (error) {
        error.textContent = "";
        error.hidden = true;
      }
    });
    status.textContent = "";
    fallback.hidden = true;
  }

  function showErrors(errors, summary) {
    var first = null;
    FIELDS.forEach(function (field) {
      if (!errors[field]) {
        return;
      }
      var input = form.elements[field];
      var error = errorElement(field);
      error.textContent = errors[field];
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      if (!first) {
        first = input;
      }
    });
    status.textContent = errors._form || summary;
    if (first) {
      first.focus();
    }
  }

  function showFallback(result) {
    var email = result.email || form.getAttribute("data-fallback-email");
    fallback.querySelector("[data-contact-fallback-text]").textContent = result.message;
    fallback.querySelector("[data-contact-mailto]").href = result.mailto || mailtoFor(email);
    var address = fallback.querySelector("[data-contact-email]");
    address.href = "mailto:" + email;
    address.textContent = email;
    fallback.hidden = false;
  }

  /* Their own text in a mail to the coach: the same link the endpoint gives,
     built here for answers that never reached it (a proxy error, no network). */
  function mailtoFor(email) {
    var lines = [form.elements.message.value.trim(), ""];
    ["name", "phone"].forEach(function (field) {
      var value = form.elements[field].value.trim();
      if (value) {
        lines.push(value);
      }
    });
    var body = lines.join("\n").trim().replace(/\n/g, "\r\n");
    return (
      "mailto:" + email + "?subject=" + encodeURIComponent("Aanvraag vrijblijvend gesprek") +
      "&body=" + encodeURIComponent(body)
    );
  }

  /* The optional proof of work, fetched only when the endpoint asks for it
     (a 422 with `challenge: true`). The number is found with the browser's SHA-256. */
  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      })
      .join("");
  }

  async function solveChallenge() {
    var response = await fetch(form.action + "?challenge=1", {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status !== 200 || !window.crypto || !window.crypto.subtle) {
      return "";
    }
    var task = await response.json();
    var encoder = new TextEncoder();
    for (var number = 0; number <= task.maxnumber; number += 1) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(task.salt + number));
      if (hex(digest) === task.challenge) {
        return btoa(
          JSON.stringify({
            algorithm: task.algorithm,
            challenge: task.challenge,
            number: number,
            salt: task.salt,
            signature: task.signature,
          })
        );
      }
    }
    return "";
  }

  async function send(data) {
    var response = await fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: data,
      credentials: "same-origin",
    });
    var result = null;
    try {
      result = await response.json();
    } catch (ignored) {
      result = null; // not the endpoint's answer: a proxy's error page
    }
    return { status: response.status, ok: response.ok, result: result };
  }

  var FAILED =
    "Je bericht kon niet worden verstuurd. Er is niets verloren: stuur het per e-mail, " +
    "dan komt het op dezelfde plek aan.";

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (busy) {
      return; // a double click sends once
    }
    busy = true;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    clearErrors();
    status.textContent = "Je bericht wordt verstuurd…";
    try {
      var data = new URLSearchParams(new FormData(form));
      var answer = await send(data);
      var result = answer.result;
      if (answer.status === 422 && result && result.challenge) {
        var solution = await solveChallenge();
        if (solution) {
          data.set("altcha", solution);
          answer = await send(data);
          result = answer.result;
        }
      }
      if (answer.ok && result && result.ok) {
        status.textContent = result.message;
        window.location.assign(result.redirect);
        return;
      }
      if (answer.status === 422 && result && result.errors) {
        showErrors(result.errors, result.message);
        return;
      }
      // Anything else (too many requests, refused, the endpoint or the proxy
      // failing): tell them, and hand them their text in a mail to the coach.
      status.textContent = "";
      showFallback({
        message: (result && result.message) || FAILED,
        email: result && result.email,
        mailto: result && result.mailto,
      });
    } catch (error) {
      status.textContent = "";
      showFallback({
        message:
          "Er is geen verbinding met de website. Je gegevens staan nog in het formulier: " +
          "probeer het zo opnieuw, of stuur je bericht per e-mail.",
      });
    } finally {
      busy = false;
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
})();
