// Progressive enhancement for the staff pages: the Ministry of Justice Frontend's scripts for its components (the
// button menu collapses its links into one "Jump to" button). Without JavaScript each menu is a row of links.
import { initAll } from "./moj-frontend.min.js";

initAll();
