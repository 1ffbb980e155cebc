/* placeholder */
typedef int placeholder_lifecycle;
