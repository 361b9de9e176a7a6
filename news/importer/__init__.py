"""The article importer: parsing files into ParsedArticle values, and saving those as articles."""
