// The query editor: YASGUI with the example queries as tabs (loaded by /query).
const endpoint = new URL("sparql", document.baseURI.replace(/query(#.*)?$/, "")).href;
const examples = JSON.parse(document.getElementById("examples").textContent);
// A fresh configuration each time: examples as tabs, nothing fetched from elsewhere.
localStorage.clear();
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: true,
  endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
  persistenceId: null,
  yasqe: { value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
});
const first = yasgui.getTab();
first.setName(examples.length ? examples[0].title : "Query");
examples.slice(1).forEach((example) => {
  yasgui.addTab(false, { name: example.title, yasqe: { value: example.query } });
});
const asked = new URLSearchParams(location.hash.slice(1)).get("query");
if (asked) { yasgui.getTab().setQuery(asked); }
