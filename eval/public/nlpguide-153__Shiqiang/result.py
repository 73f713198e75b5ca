# -*- coding: utf-8 -*-
Parameters:
        BATCH_SIZE=64
        CLASS_NUM=2
        CUDA=False
        DEVICE=-1
        DROPOUT=0.5
        EARLY_STOP=1000
        EMBED_DIM=128
        EMBED_NUM=21108
        EPOCHS=10
        KERNEL_NUM=100
        KERNEL_SIZES=[3, 4, 5]
        LOG_INTERVAL=100
        LR=0.001
        MAX_NORM=3.0
        PREDICT=None
        SAVE_BEST=True
        SAVE_DIR=snapshot\2019-11-21_18-30-03
        SAVE_INTERVAL=500
        SHUFFLE=False
        SNAPSHOT=None
        STATIC=False
        TEST=False
        TEST_INTERVAL=100

Train: Batch[100] - loss: 0.707424 acc: 59.38%)
Dev: loss: 0.650118 acc: 61.73%)
Train: Batch[200] - loss: 0.524731 acc: 78.12%)
Dev: loss: 0.622117 acc: 65.01%)
Train: Batch[300] - loss: 0.563207 acc: 66.67%)
Dev: loss: 0.635190 acc: 64.63%)
Train: Batch[400] - loss: 0.584926 acc: 65.62%)
Dev: loss: 0.591745 acc: 67.35%)
Train: Batch[500] - loss: 0.360754 acc: 85.94%)
Dev: loss: 0.590510 acc: 68.11%)
Train: Batch[600] - loss: 0.372197 acc: 88.33%)
Dev: loss: 0.582850 acc: 69.61%)
Train: Batch[700] - loss: 0.347281 acc: 84.38%)
Dev: loss: 0.603809 acc: 70.45%)
Train: Batch[800] - loss: 0.259725 acc: 92.19%)
Dev: loss: 0.645136 acc: 69.79%)
Train: Batch[900] - loss: 0.244433 acc: 86.67%)
Dev: loss: 0.635676 acc: 70.36%)
Train: Batch[1000] - loss: 0.177062 acc: 90.62%)
Dev: loss: 0.674301 acc: 71.01%)
Train: Batch[1100] - loss: 0.102325 acc: 98.44%)
Dev: loss: 0.706551 acc: 72.14%)
Train: Batch[1200] - loss: 0.112603 acc: 98.33%)
Dev: loss: 0.748778 acc: 71.95%)
Train: Batch[1300] - loss: 0.036828 acc: 100.00%)
Dev: loss: 0.787547 acc: 72.23%)
Train: Batch[1400] - loss: 0.040979 acc: 100.00%)
Dev: loss: 0.833611 acc: 72.23%)
Train: Batch[1500] - loss: 0.148562 acc: 90.00%)
Dev: loss: 0.852171 acc: 71.67%)
