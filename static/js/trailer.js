// Swap the trailer's link (or a video's in an article) for the player only when the visitor asks for it, so the
// page loads nothing from YouTube or Vimeo until then. Without script the link opens the video's own page.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".trailer__play");
  if (!link) return;
  const box = link.closest(".trailer");
  if (!box || !box.dataset.embed) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = box.dataset.embed;
  frame.title = link.textContent.trim();
  frame.allow = "autoplay; encrypted-media; picture-in-picture";
  frame.allowFullscreen = true;
  frame.loading = "lazy";
  box.replaceChildren(frame);
  frame.focus();
});
