include board/linux/cross-rules.mk
