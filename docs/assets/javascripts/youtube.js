/*
 * Click-to-load YouTube: the page shows a local placeholder and a plain link to the video
 * (made by the youtube() macro). Only when the reader clicks does this script swap in the
 * player from youtube-nocookie.com, so no request goes to YouTube before that.
 * No inline styles: the Content-Security-Policy forbids them; sizes live in plugins.css.
 */
(function () {
  "use strict";

  var VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

  function play(link) {
    var id = link.getAttribute("data-youtube-id");
    if (!id || !VIDEO_ID.test(id)) {
      return false;
    }
    var frame = document.createElement("iframe");
    frame.className = "youtube__frame";
    frame.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1";
    frame.title = link.getAttribute("data-youtube-title") || "YouTube-video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.parentNode.replaceChild(frame, link);
    frame.focus();
    return true;
  }

  // One listener for every video on the page, however many script elements load this file.
  if (document.documentElement.hasAttribute("data-youtube-ready")) {
    return;
  }
  document.documentElement.setAttribute("data-youtube-ready", "");
  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // a new tab or window: let the plain link do its work
    }
    var link = event.target.closest && event.target.closest("a.youtube__link");
    if (link && play(link)) {
      event.preventDefault();
    }
  });
})();
