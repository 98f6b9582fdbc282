-- The currency of an amount of money (ISO 4217), added to the output contract by issue 10.
-- Figures stored before it have none; importing their documents again fills it in.
ALTER TABLE figures ADD COLUMN currency TEXT;
