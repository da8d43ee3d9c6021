// The queue's filter on narrow screens: the Ministry of Justice filter toggle adds "Show filter" and "Hide filter"
// above the results, with the filter closed at first below desktop width (open on wider screens). Without JavaScript
// the filter is simply above the results.
import { FilterToggleButton } from "./moj-frontend.min.js";

const filter = document.querySelector('[data-module="moj-filter"]');
if (filter) {
  new FilterToggleButton(filter, { startHidden: false });
}
