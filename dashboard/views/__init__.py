"""The dashboard's pages: scripts that app.py runs through st.navigation, one per page (not named
pages/, which Streamlit would list on its own before st.navigation runs)."""
