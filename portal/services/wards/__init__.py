"""Ward pages: loading ward, crime, boundary and content data, and building what each ward page shows."""
