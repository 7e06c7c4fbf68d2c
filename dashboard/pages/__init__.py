"""The dashboard's pages: scripts that app.py runs through st.navigation, one per page."""
