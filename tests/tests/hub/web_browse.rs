//! The public pages to browse: challenges, the four pillars, the catalogue and its services.
