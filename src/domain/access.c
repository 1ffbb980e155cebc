/* placeholder */
typedef int placeholder_access;
