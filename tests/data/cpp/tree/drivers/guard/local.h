#ifndef LOCAL_H
#define LOCAL_H
int local_decl;
#endif /* LOCAL_H */
