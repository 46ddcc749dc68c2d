include $(BR2_EXTERNAL_BUSTD_PATH)/package/bustd/bustd.mk
