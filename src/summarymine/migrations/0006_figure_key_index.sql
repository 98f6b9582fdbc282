-- Figures looked up by the indicator they are (query --key, a body's series in the site), as by metric.
CREATE INDEX figures_key_year ON figures(key, year);
