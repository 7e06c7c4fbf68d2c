"""Model: dbt builds the marts inside the build database."""
