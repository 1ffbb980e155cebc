/* placeholder */
typedef int placeholder_admissibility;
