// The source view: bring the highlighted quote into view.

document.addEventListener("DOMContentLoaded", () => {
  const quote = document.getElementById("quote");
  if (quote) quote.scrollIntoView({ block: "center" });
});
