"""Police station front counters as data: the loader for the bundled file, opening hours read in London time with
bank holidays, and the counters nearest a ward. Pages show what the data says and nothing more: a counter is "open
24 hours a day" only when every day's hours (bank holidays included) say so."""
