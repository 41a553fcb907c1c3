/* Names shared by docketd and its clients: bus name, paths, interfaces. */
#pragma once

#define DOCKET_DBUS_NAME            "org.docket.Docket1"
#define DOCKET_DBUS_PATH            "/org/docket/Docket1"
#define DOCKET_DBUS_IFACE_DRIVERS   "org.docket.Docket1.Drivers"
#define DOCKET_DBUS_IFACE_USERS     "org.docket.Docket1.Users"
#define DOCKET_DBUS_IFACE_AUDIT     "org.docket.Docket1.Audit"
#define DOCKET_DBUS_IFACE_HEARINGS  "org.docket.Docket1.Hearings"
#define DOCKET_DBUS_IFACE_STATISTICS "org.docket.Docket1.Statistics"
#define DOCKET_DBUS_IFACE_COMPLIANCE "org.docket.Docket1.Compliance"
#define DOCKET_DBUS_IFACE_MAINTENANCE "org.docket.Docket1.Maintenance"
#define DOCKET_DBUS_IFACE_TRANSFERS "org.docket.Docket1.Transfers"
#define DOCKET_DBUS_ERROR_PREFIX    "org.docket.Docket1.Error"

/* Bumped on any compatible change of the API; a breaking change ships
 * as org.docket.Docket2 beside this one. */
#define DOCKET_API_VERSION 10

/* Limits shared by both sides so a client can refuse early. */
#define DOCKET_PAGE_MAX        1000
#define DOCKET_PAGE_DEFAULT    50
