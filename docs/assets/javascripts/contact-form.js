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
  var challenge = null;
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
    fallback.querySelector("[data-contact-mailto]").href = result.mailto || "mailto:" + email;
    var address = fallback.querySelector("[data-contact-email]");
    address.href = "mailto:" + email;
    address.textContent = email;
    fallback.hidden = false;
  }

  /* The optional proof of work: ask this site's endpoint for a challenge; a 405
     means none is configured. The number is found with the browser's SHA-256. */
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
      if (challenge === null) {
        challenge = solveChallenge().catch(function () {
          return "";
        });
      }
      var solution = await challenge;
      challenge = null; // a solved challenge is used once
      if (solution) {
        data.set("altcha", solution);
      }
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
        result = null;
      }
      if (response.ok && result && result.ok) {
        status.textContent = result.message;
        window.location.assign(result.redirect);
        return;
      }
      if (response.status === 422 && result && result.errors) {
        showErrors(result.errors, result.message);
      } else if (response.status === 503 && result) {
        status.textContent = "";
        showFallback(result);
      } else {
        status.textContent =
          (result && result.message) || "Er ging iets mis. Je gegevens staan nog in het formulier; probeer het zo opnieuw.";
      }
    } catch (error) {
      status.textContent =
        "Er is geen verbinding. Je gegevens staan nog in het formulier; probeer het zo opnieuw.";
    } finally {
      busy = false;
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
})();
