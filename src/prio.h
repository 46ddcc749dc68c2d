/* prio.h - bustd's scheduling priority.  A reading must not wait behind
 * the programs it watches: on a machine whose CPUs are busy, a scan ahead
 * that runs at their priority takes several times as long. */
#ifndef BUSTD_PRIO_H
#define BUSTD_PRIO_H

/* nice -20, reset on fork (the hook runs at nice 0); a warning when
 * refused (no CAP_SYS_NICE), and bustd carries on as it was. */
void prio_raise(void);

#endif
