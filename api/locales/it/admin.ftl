## The admins' workspace
