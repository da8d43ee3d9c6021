"""WTForms: one small form class per page, rendered through govuk-frontend-wtf widgets."""
