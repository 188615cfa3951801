"""The students' chat page: its static files, their JavaScript assets and the server for them."""
