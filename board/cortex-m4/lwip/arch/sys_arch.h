/* lwIP's OS handles on an RTOS, opaque here (a FreeRTOS port makes them
 * SemaphoreHandle_t, QueueHandle_t, TaskHandle_t). */
#ifndef LF_M4_ARCH_SYS_ARCH_H
#define LF_M4_ARCH_SYS_ARCH_H

typedef void *sys_sem_t;
typedef void *sys_mutex_t;
typedef void *sys_mbox_t;
typedef void *sys_thread_t;

typedef unsigned long sys_prot_t;

#define SYS_MBOX_NULL NULL
#define SYS_SEM_NULL NULL

#endif
