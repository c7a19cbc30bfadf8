export default defineBackground(() => {
  // The background owns data and network calls; its services arrive with the store issue.
});
